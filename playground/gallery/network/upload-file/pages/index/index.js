// wx.uploadFile 的示例：文档的代码原样放在 run 里，加上的 fail 和 that.show 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.chooseImage({
      success: function(res) {
        var tempFilePaths = res.tempFilePaths
        that.show('上传 ' + tempFilePaths[0] + ' …')
        wx.uploadFile({
          url: 'http://example.weixin.qq.com/upload', //仅为示例，非真实的接口地址
          filePath: tempFilePaths[0],
          name: 'file',
          formData:{
            'user': 'test'
          },
          success: function(res){
            var data = res.data
            //do something
            that.show(res)
          },
          fail: function (res) {
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
