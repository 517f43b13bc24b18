// 示例里 url 'test?id=1' 打开的页面：文档的 test.js 原样，加上的 setData 把参数显示在页面上。
//test.js
Page({
  data: { result: '' },
  onLoad: function(option){
    console.log(option.query)
    this.setData({ result: 'onLoad(option)：' + JSON.stringify(option) })
  }
})
