// wx.playBackgroundAudio 的示例：文档的代码原样放在 run 里，加上的 success、fail 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.playBackgroundAudio({
        dataUrl: '',
        title: '',
        coverImgUrl: '',
        success: function (res) {
          that.show(res)
        },
        fail: function (res) {
          that.show(res)
        }
    })
  }
})
