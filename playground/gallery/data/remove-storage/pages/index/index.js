// wx.removeStorage 和 wx.removeStorageSync 的示例：文档的代码原样放在 run 和 runSync 里，加上的几行把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    // 我们加的：先存一个 key，好让示例有东西可删
    wx.setStorageSync('key', 'value')
  },
  run: function () {
    var that = this
    wx.removeStorage({
      key: 'key',
      success: function(res) {
        console.log(res.data)
        that.show(JSON.stringify(res) + '\n剩下的 keys：' + JSON.stringify(wx.getStorageInfoSync().keys))
      },
      fail: function (res) {
        that.show(res)
      }
    })
  },
  runSync: function () {
    try {
      wx.removeStorageSync('key')
      this.show('removeStorageSync 完成\n剩下的 keys：' + JSON.stringify(wx.getStorageInfoSync().keys))
    } catch (e) {
      // Do something when catch error
      this.show(e.message)
    }
  }
})
