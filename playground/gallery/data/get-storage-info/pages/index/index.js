// wx.getStorageInfo 和 wx.getStorageInfoSync 的示例：文档的代码原样放在 run 和 runSync 里，加上的几行把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.getStorageInfo({
      success: function(res) {
        console.log(res.keys)
        console.log(res.currentSize)
        console.log(res.limitSize)
        that.show(res)
      }
    })
  },
  runSync: function () {
    try {
      var res = wx.getStorageInfoSync()
      console.log(res.keys)
      console.log(res.currentSize)
      console.log(res.limitSize)
      this.show(res)
    } catch (e) {
      // Do something when catch error
      this.show(e.message)
    }
  }
})
