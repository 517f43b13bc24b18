// wx.setStorage 和 wx.setStorageSync 的示例：文档的代码原样（只补上 key:"key" 后面漏掉的逗号），加上的几行把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.setStorage({
      key:"key",
      data:"value",
      complete: function (res) {
        that.show(JSON.stringify(res) + '\nkey = ' + JSON.stringify(wx.getStorageSync('key')))
      }
    })
  },
  runSync: function () {
    try {
        wx.setStorageSync('key', 'value')
    } catch (e) {
    }
    this.show('setStorageSync 完成\nkey = ' + JSON.stringify(wx.getStorageSync('key')))
  }
})
