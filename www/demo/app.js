// The wxweb demo: one page per family of the wx API.
App({
  onLaunch: function () {
    console.log('demo launched on', wx.getSystemInfoSync().model)
  },
  globalData: {}
})
