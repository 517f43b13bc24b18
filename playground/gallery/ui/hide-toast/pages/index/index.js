// wx.hideToast 的示例：文档的代码原样放在 run 里，加上的 that.show 把进展显示在页面上。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    var that = this
    wx.showToast({
      title: '加载中',
      icon: 'loading',
      duration: 10000
    })
    that.show('showToast：加载中…')

    setTimeout(function(){
      wx.hideToast()
      that.show('2 秒后 hideToast')
    },2000)
  }
})
