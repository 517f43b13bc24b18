// wx.navigateBack：页面栈里的一层，可以再打开一层，或返回一层、返回首页。
Page({
  data: { depth: 0 },
  onLoad: function () {
    this.setData({ depth: getCurrentPages().length })
  },
  deeper: function () {
    wx.navigateTo({ url: 'level' })
  },
  back: function () {
    wx.navigateBack({ delta: 1 })
  },
  home: function () {
    wx.navigateBack({ delta: getCurrentPages().length - 1 })
  }
})
