// wx.chooseVideo 的示例：文档的页面代码原样，加上的 result 和 fail 把结果显示在页面上。
Page({
    data: { src: '', result: '' },
    bindButtonTap: function() {
        var that = this
        wx.chooseVideo({
            sourceType: ['album','camera'],
            maxDuration: 60,
            camera: ['front','back'],
            success: function(res) {
                that.setData({
                    src: res.tempFilePath
                })
                that.setData({ result: JSON.stringify(res, null, 2) })
            },
            fail: function (res) {
                that.setData({ result: JSON.stringify(res, null, 2) })
            }
        })
    }
})
