// wx.login 的示例：文档的 app.js 原样，加上的 report 把 code 和请求的结果交给页面显示。
//app.js
App({
  onLaunch: function() {
    var app = this
    wx.login({
      success: function(res) {
        app.report(res)
        if (res.code) {
          //发起网络请求
          wx.request({
            url: 'https://test.com/onLogin',
            data: {
              code: res.code
            },
            complete: function (res) {
              app.report(res)
            }
          })
        } else {
          console.log('获取用户登录态失败！' + res.errMsg)
        }
      }
    });
  },
  globalData: { results: [] },
  // 我们加的：记下结果，告诉当前页面
  report: function (res) {
    this.globalData.results.push(res)
    var pages = getCurrentPages()
    if (pages.length) pages[pages.length - 1].refresh()
  }
})
