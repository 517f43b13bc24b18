// wx.chooseLocation：文档没有示例代码，这一页是我们写的。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.chooseLocation({
      success: function (res) {
        that.show(res)
      },
      fail: function (res) {
        that.show(res)
      }
    })
  }
})
