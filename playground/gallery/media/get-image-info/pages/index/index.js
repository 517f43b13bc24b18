// wx.getImageInfo 的示例：文档的两段代码原样放在 onLoad 和 choose 里，加上的 that.show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    var that = this
    wx.getImageInfo({
      src: 'images/a.jpg',
      success: function (res) {
        console.log(res.width)
        console.log(res.height)
        that.show(res)
      },
      fail: function (res) {
        that.show(res)
      }
    })
  },
  choose: function () {
    var that = this
    wx.chooseImage({
      success: function (res) {
        wx.getImageInfo({
          src: res.tempFilePaths[0],
          success: function (res) {
            console.log(res.width)
            console.log(res.height)
            that.show(res)
          }
        })
      },
      fail: function (res) {
        that.show(res)
      }
    })
  }
})
