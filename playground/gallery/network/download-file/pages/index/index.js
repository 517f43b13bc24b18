// wx.downloadFile 的示例：文档的代码原样放在 run 里，加上的 fail 和 that.show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    that.show('下载中…')
    wx.downloadFile({
      url: 'http://example.com/audio/123', //仅为示例，并非真实的资源
      success: function(res) {
        that.show(res)
        wx.playVoice({
          filePath: res.tempFilePath
        })
      },
      fail: function (res) {
        that.show(res)
      }
    })
  }
})
