// wx.chooseImage 的示例：文档的代码原样放在 run 里，加上的 setData 把图片和结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.chooseImage({
      count: 1, // 默认9
      sizeType: ['original', 'compressed'], // 可以指定是原图还是压缩图，默认二者都有
      sourceType: ['album', 'camera'], // 可以指定来源是相册还是相机，默认二者都有
      success: function (res) {
        // 返回选定照片的本地文件路径列表，tempFilePath可以作为img标签的src属性显示图片
        var tempFilePaths = res.tempFilePaths
        that.setData({ src: tempFilePaths[0] })
        that.show(res)
      },
      fail: function (res) {
        that.show(res)
      }
    })
  }
})
