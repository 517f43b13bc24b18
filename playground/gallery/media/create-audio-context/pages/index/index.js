// wx.createAudioContext 的示例：文档的 audio.wxml 和 audio.js 原样，加上的 result 显示调用了哪个方法。
// audio.js
Page({
  onReady: function (e) {
    // 使用 wx.createAudioContext 获取 audio 上下文 context
    this.audioCtx = wx.createAudioContext('myAudio')
  },
  data: {
    src: 'http://ws.stream.qqmusic.qq.com/M500001VfvsJ21xFqb.mp3?guid=ffffffff82def4af4b12b3cd9337d5e7&uin=346897220&vkey=6292F51E1E384E06DCBDC9AB7C49FD713D632D313AC4858BACB8DDD29067D3C601481D36E62053BF8DFEAF74C0A5CCFADD6471160CAF3E6A&fromtag=46',
    result: ''
  },
  audioPlay: function () {
    this.audioCtx.play()
    this.setData({ result: 'audioCtx.play()' })
  },
  audioPause: function () {
    this.audioCtx.pause()
    this.setData({ result: 'audioCtx.pause()' })
  },
  audio14: function () {
    this.audioCtx.seek(14)
    this.setData({ result: 'audioCtx.seek(14)' })
  },
  audioStart: function () {
    this.audioCtx.seek(0)
    this.setData({ result: 'audioCtx.seek(0)' })
  }
})
