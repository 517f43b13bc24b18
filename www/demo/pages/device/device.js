Page({
  data: { fields: [] },
  onLoad: function () { this.refresh() },
  refresh: function () {
    var that = this
    var info = wx.getSystemInfoSync()
    var fields = Object.keys(info).map(function (name) { return { name: name, value: String(info[name]) } })
    wx.getNetworkType({
      complete: function (res) {
        fields.push({ name: 'networkType', value: res.networkType || res.errMsg })
        that.setData({ fields: fields })
      }
    })
  }
})
