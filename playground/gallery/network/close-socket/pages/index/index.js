// wx.closeSocket 和 wx.onSocketClose 的示例：文档的代码原样放在 run 里，加上的 fail 和 that.show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.connectSocket({
      url: 'test.php',
      fail: function (res) {
        that.show(res)
      }
    })

    //注意这里有时序问题，
    //如果 wx.connectSocket 还没回调 wx.onSocketOpen，而先调用 wx.closeSocket，那么就做不到关闭 WebSocket 的目的。
    //必须在 WebSocket 打开期间调用 wx.closeSocket 才能关闭。
    wx.onSocketOpen(function() {
      wx.closeSocket()
    })

    wx.onSocketClose(function(res) {
      console.log('WebSocket 已关闭！')
      that.show('WebSocket 已关闭！')
    })
  }
})
