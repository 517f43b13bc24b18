// wx.clearStorage 和 wx.clearStorageSync 的示例：文档的代码原样放在 run 和 runSync 里，加上的几行把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    // 我们加的：先存两个 key，好让示例有东西可清
    wx.setStorageSync('key', 'value')
    wx.setStorageSync('logs', [1, 2, 3])
  },
  run: function () {
    var that = this
    wx.clearStorage()
    setTimeout(function () {
      that.show(wx.getStorageInfoSync())
    }, 0)
  },
  runSync: function () {
    try {
        wx.clearStorageSync()
    } catch(e) {
      // Do something when catch error
    }
    this.show(wx.getStorageInfoSync())
  }
})
