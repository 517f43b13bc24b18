// wx.hideKeyboard：文档没有示例代码，这一页是我们写的。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  focused: function () {
    this.show('输入框得到焦点，键盘打开')
  },
  blurred: function () {
    this.show('输入框失去焦点，键盘收起')
  },
  run: function () {
    wx.hideKeyboard()
    this.show('wx.hideKeyboard() 已调用')
  }
})
