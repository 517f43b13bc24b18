// wx.sendSocketMessage 的示例：文档的代码原样（连接的部分放在 run 里），
// 加上的 fail 和 that.show 把结果显示在页面上。
var socketOpen = false
var socketMsgQueue = []

function sendSocketMessage(msg) {
  if (socketOpen) {
    wx.sendSocketMessage({
      data:msg
    })
  } else {
     socketMsgQueue.push(msg)
  }
}

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

    wx.onSocketOpen(function(res) {
      socketOpen = true
      for (var i = 0; i < socketMsgQueue.length; i++){
         sendSocketMessage(socketMsgQueue[i])
      }
      socketMsgQueue = []
      that.show('连接已打开，队列里的消息已发送')
    })
  },
  send: function () {
    sendSocketMessage('你好 ' + new Date().toLocaleTimeString())
    this.show(socketOpen ? '已发送' : '连接还没打开，队列里有 ' + socketMsgQueue.length + ' 条消息')
  }
})
