// wx.login 的示例页：显示 app.js 里 wx.login 和请求的结果；按钮再登录一次。
Page({
  data: { result: '' },
  onLoad: function () {
    this.refresh()
  },
  refresh: function () {
    var results = getApp().globalData.results
    this.setData({
      result: results.map(function (res) { return JSON.stringify(res, null, 2) }).join('\n')
    })
  },
  run: function () {
    var app = getApp()
    wx.login({
      success: function (res) {
        app.report(res)
      },
      fail: function (res) {
        app.report(res)
      }
    })
  }
})
