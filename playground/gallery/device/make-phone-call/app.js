// wx.makePhoneCall 的示例小程序：只有一个页面，示例在 pages/index/index.js 里。
App({})
