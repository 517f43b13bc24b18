// wx.getStorage 和 wx.getStorageSync 的示例：文档的代码原样放在 run 和 runSync 里，加上的几行把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.getStorage({
      key: 'key',
      success: function(res) {
          console.log(res.data)
          that.show(res)
      },
      fail: function (res) {
        that.show(res)
      }
    })
  },
  runSync: function () {
    try {
      var value = wx.getStorageSync('key')
      if (value) {
          // Do something with return value
      }
      this.show('getStorageSync 返回 ' + JSON.stringify(value))
    } catch (e) {
      // Do something when catch error
      this.show(e.message)
    }
  },
  // 我们加的：先存一个值
  put: function () {
    wx.setStorageSync('key', 'value')
    this.show('已存入 key = "value"')
  }
})
