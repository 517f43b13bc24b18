// wxweb serve's own test endpoints stand in for a developer's https server here.
var server = location.origin

Page({
  data: { url: `${server}/__wxweb/test/echo?hello=wxweb`, busy: false, result: '' },
  setUrl: function (e) { this.setData({ url: e.detail.value }) },
  show: function (value) { this.setData({ busy: false, result: JSON.stringify(value, null, 2) }) },
  request: function () {
    var that = this
    this.setData({ busy: true })
    wx.request({
      url: this.data.url,
      complete: function (res) { that.show(res) }
    })
  },
  download: function () {
    var that = this
    wx.downloadFile({
      url: `${server}/__wxweb/test/bytes/1024?name=demo.bin`,
      complete: function (res) { that.show(res) }
    })
  },
  socket: function () {
    var that = this
    var url = `${server.replace(/^http/, 'ws')}/__wxweb/test/ws`
    wx.onSocketOpen(function () { wx.sendSocketMessage({ data: 'hello from the demo' }) })
    wx.onSocketMessage(function (res) { that.show(res); wx.closeSocket() })
    wx.connectSocket({ url: url })
  }
})
