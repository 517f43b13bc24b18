// wx.removeSavedFile 的示例：文档的代码原样放在 run 里，加上的 else 和 that.show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.getSavedFileList({
      success: function(res) {
        if (res.fileList.length > 0){
          wx.removeSavedFile({
            filePath: res.fileList[0].filePath,
            complete: function(res) {
              console.log(res)
              that.show(res)
            }
          })
        } else {
          that.show('没有已保存的文件（先在 wx.saveFile 的示例里保存一个）')
        }
      }
    })
  }
})
