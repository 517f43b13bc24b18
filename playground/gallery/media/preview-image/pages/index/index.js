// wx.previewImage 的示例：文档的代码原样放在 run 里，加上的 success、fail 把结果显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.previewImage({
      current: '', // 当前显示图片的http链接
      urls: [], // 需要预览的图片http链接列表
      success: function (res) {
        that.show(res)
      },
      fail: function (res) {
        that.show(res)
      }
    })
  },
  // 我们加的：预览项目里的一张图片
  preview: function () {
    var that = this
    wx.previewImage({
      current: 'images/a.jpg',
      urls: ['images/a.jpg'],
      success: function (res) {
        that.show(res)
      },
      fail: function (res) {
        that.show(res)
      }
    })
  }
})
