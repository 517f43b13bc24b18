// wx.getSavedFileList 的示例：文档的代码原样放在 run 里，加上的 that.show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  onLoad: function () {
    this.run()
  },
  run: function () {
    var that = this
    wx.getSavedFileList({
      success: function(res) {
        console.log(res.fileList)
        that.show(res)
      }
    })
  }
})
