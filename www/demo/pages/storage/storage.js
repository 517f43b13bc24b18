Page({
  data: { key: 'demo', result: '' },
  save: function (e) {
    var that = this
    var key = e.detail.value.key
    this.setData({ key: key })
    wx.setStorage({
      key: key,
      data: e.detail.value.data,
      complete: function (res) { that.setData({ result: res.errMsg }) }
    })
  },
  read: function () {
    this.setData({ result: JSON.stringify(wx.getStorageSync(this.data.key)) })
  },
  info: function () {
    var that = this
    wx.getStorageInfo({
      success: function (res) { that.setData({ result: JSON.stringify(res, null, 2) }) }
    })
  },
  clear: function () {
    var that = this
    wx.clearStorage({ complete: function (res) { that.setData({ result: res.errMsg }) } })
  }
})
