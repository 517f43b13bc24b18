// wx.onCompassChange 的示例：文档的代码原样放在 onLoad 里，加上的 that.show 把数据显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    var that = this
    that.show('等待罗盘数据…')
    wx.onCompassChange(function (res) {
      console.log(res.direction)
      that.show(res)
    })
  }
})
