// wx.createContext 和 wx.drawCanvas 的示例：文档的代码原样放在 run 里；draw 是我们加的，画一点东西。
Page({
  data: { result: '' },
  // 我们加的：把结果（对象或一句话）显示在页面上
  show: function (res) {
    this.setData({ result: typeof res === 'string' ? res : JSON.stringify(res, null, 2) })
  },
  run: function () {
    // 假设页面上有3个画布
    var canvas1Id = 3001
    var canvas2Id = 3002
    var canvas3Id = 3003

    var context = wx.createContext();

    [canvas1Id, canvas2Id, canvas3Id].forEach(function (id) {
      context.clearActions()
      // 在context上调用方法
      wx.drawCanvas({
        canvasId: id,
        actions: context.getActions()
      })
    })
    this.show('wx.drawCanvas × 3，actions：' + JSON.stringify(context.getActions()))
  },
  // 我们加的：在 context 上画一个圆和一个方块，画到三个画布上
  draw: function () {
    var colors = ['#1aad19', '#f76260', '#10aeff']
    var count = 0;
    [3001, 3002, 3003].forEach(function (id, i) {
      var context = wx.createContext()
      context.setFillStyle(colors[i])
      context.fillRect(10, 10, 50, 50)
      context.beginPath()
      context.arc(60, 60, 30, 0, 2 * Math.PI)
      context.setFillStyle('#ffbe00')
      context.fill()
      var actions = context.getActions()
      count = actions.length
      wx.drawCanvas({
        canvasId: id,
        actions: actions
      })
    })
    this.show('wx.drawCanvas × 3，每个 ' + count + ' 个动作')
  }
})
