// wx.stopPullDownRefresh：文档没有示例代码，这一页是我们写的。index.json 打开了下拉刷新。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onPullDownRefresh: function () {
    var that = this
    that.show('onPullDownRefresh：刷新中…')
    setTimeout(function () {
      wx.stopPullDownRefresh()
      that.show('刷新完成，wx.stopPullDownRefresh() 已调用')
    }, 1000)
  },
  run: function () {
    wx.stopPullDownRefresh()
    this.show('wx.stopPullDownRefresh() 已调用')
  }
})
