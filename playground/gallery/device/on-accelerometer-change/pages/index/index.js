// wx.onAccelerometerChange 的示例：文档的代码原样放在 onLoad 里，加上的 that.show 把数据显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    var that = this
    that.show('等待重力感应数据…')
    wx.onAccelerometerChange(function(res) {
      console.log(res.x)
      console.log(res.y)
      console.log(res.z)
      that.show(res)
    })
  }
})
