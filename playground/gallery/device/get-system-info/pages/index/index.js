// wx.getSystemInfo 和 wx.getSystemInfoSync 的示例：文档的代码原样放在 run 和 runSync 里，加上的 show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    this.run()
  },
  run: function () {
    var that = this
    wx.getSystemInfo({
      success: function(res) {
        console.log(res.model)
        console.log(res.pixelRatio)
        console.log(res.windowWidth)
        console.log(res.windowHeight)
        console.log(res.language)
        console.log(res.version)
        that.show(res)
      }
    })
  },
  runSync: function () {
    try {
      var res = wx.getSystemInfoSync()
      console.log(res.model)
      console.log(res.pixelRatio)
      console.log(res.windowWidth)
      console.log(res.windowHeight)
      console.log(res.language)
      console.log(res.version)
      this.show(res)
    } catch (e) {
      // Do something when catch error
      this.show(e.message)
    }
  }
})
