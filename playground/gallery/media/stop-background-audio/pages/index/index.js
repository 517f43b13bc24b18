// wx.stopBackgroundAudio 和 wx.onBackgroundAudioPlay / Pause / Stop：文档没有示例代码，这一页是我们写的。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    var that = this
    wx.onBackgroundAudioPlay(function () {
      that.show('onBackgroundAudioPlay：音乐开始播放')
    })
    wx.onBackgroundAudioPause(function () {
      that.show('onBackgroundAudioPause：音乐已暂停')
    })
    wx.onBackgroundAudioStop(function () {
      that.show('onBackgroundAudioStop：音乐已停止')
    })
  },
  run: function () {
    var that = this
    wx.stopBackgroundAudio()
    wx.getBackgroundAudioPlayerState({
      complete: function (res) {
        that.show(res)
      }
    })
  },
  pause: function () {
    var that = this
    wx.pauseBackgroundAudio()
    wx.getBackgroundAudioPlayerState({
      complete: function (res) {
        that.show(res)
      }
    })
  }
})
