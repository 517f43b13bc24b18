// wx.navigateBack：文档没有示例代码，这一页是我们写的；返回时首页显示页面栈的深度。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onShow: function () {
    this.show('页面栈：' + getCurrentPages().length + ' 层')
  },
  run: function () {
    wx.navigateTo({ url: '../level/level' })
  }
})
