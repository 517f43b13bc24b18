// The seed document's examples (shared/spec/seed-wx-api.md), verbatim, by section.
// Only where the seed's text is not valid JavaScript does a `fixed` twin say what it
// takes to run; the test runs the fixed twin and checks that the verbatim one is what
// fails to parse.

export const storage = {
  setStorage: `wx.setStorage({
  key:"key"
  data:"value"
})`,
  setStorageFixed: `wx.setStorage({
  key:"key",
  data:"value"
})`,
  setStorageSync: `try {
    wx.setStorageSync('key', 'value')
} catch (e) {
}`,
  getStorage: `wx.getStorage({
  key: 'key',
  success: function(res) {
      console.log(res.data)
  }
})`,
  getStorageSync: `try {
  var value = wx.getStorageSync('key')
  if (value) {
      // Do something with return value
  }
} catch (e) {
  // Do something when catch error
}`,
  getStorageInfo: `wx.getStorageInfo({
  success: function(res) {
    console.log(res.keys)
    console.log(res.currentSize)
    console.log(res.limitSize)
  }
})`,
  getStorageInfoSync: `try {
  var res = wx.getStorageInfoSync()
  console.log(res.keys)
  console.log(res.currentSize)
  console.log(res.limitSize)
} catch (e) {
  // Do something when catch error
}`,
  removeStorage: `wx.removeStorage({
  key: 'key',
  success: function(res) {
    console.log(res.data)
  }
})`,
  removeStorageSync: `try {
  wx.removeStorageSync('key')
} catch (e) {
  // Do something when catch error
}`,
  clearStorage: `wx.clearStorage()`,
  clearStorageSync: `try {
    wx.clearStorageSync()
} catch(e) {
  // Do something when catch error
}`,
};

export const device = {
  getNetworkType: `wx.getNetworkType({
  success: function(res) {
    var networkType = res.networkType // 返回网络类型2g，3g，4g，wifi
  }
})`,
  getSystemInfo: `wx.getSystemInfo({
  success: function(res) {
    console.log(res.model)
    console.log(res.pixelRatio)
    console.log(res.windowWidth)
    console.log(res.windowHeight)
    console.log(res.language)
    console.log(res.version)
  }
})`,
  getSystemInfoSync: `try {
  var res = wx.getSystemInfoSync()
  console.log(res.model)
  console.log(res.pixelRatio)
  console.log(res.windowWidth)
  console.log(res.windowHeight)
  console.log(res.language)
  console.log(res.version)
} catch (e) {
  // Do something when catch error
}`,
  onAccelerometerChange: `wx.onAccelerometerChange(function(res) {
  console.log(res.x)
  console.log(res.y)
  console.log(res.z)
})`,
  onCompassChange: `wx.onCompassChange(function (res) {
  console.log(res.direction)
})`,
  makePhoneCall: `wx.makePhoneCall({
  phoneNumber: '1340000' //仅为示例，并非真实的电话号码
})`,
};

export const location = {
  getLocation: `wx.getLocation({
  type: 'wgs84',
  success: function(res) {
    var latitude = res.latitude
    var longitude = res.longitude
    var speed = res.speed
    var accuracy = res.accuracy
  }
})`,
  openLocation: `wx.getLocation({
  type: 'gcj02', //返回可以用于wx.openLocation的经纬度
  success: function(res) {
    var latitude = res.latitude
    var longitude = res.longitude
    wx.openLocation({
      latitude: latitude,
      longitude: longitude,
      scale: 28
    })
  }
})`,
};

export const network = {
  request: `wx.request({
  url: 'test.php', //仅为示例，并非真实的接口地址
  data: {
     x: '' ,
     y: ''
  },
  header: {
      'content-type': 'application/json'
  },
  success: function(res) {
    console.log(res.data)
  }
})`,
  connectSocket: `wx.connectSocket({
  url: 'test.php',
  data:{
    x: '',
    y: ''
  },
  header:{
    'content-type': 'application/json'
  },
  method:"GET"
})`,
  socketQueue: `var socketOpen = false
var socketMsgQueue = []
wx.connectSocket({
  url: 'test.php'
})

wx.onSocketOpen(function(res) {
  socketOpen = true
  for (var i = 0; i < socketMsgQueue.length; i++){
     sendSocketMessage(socketMsgQueue[i])
  }
  socketMsgQueue = []
})

function sendSocketMessage(msg) {
  if (socketOpen) {
    wx.sendSocketMessage({
      data:msg
    })
  } else {
     socketMsgQueue.push(msg)
  }
}`,
  socketClose: `wx.connectSocket({
  url: 'test.php'
})

//注意这里有时序问题，
//如果 wx.connectSocket 还没回调 wx.onSocketOpen，而先调用 wx.closeSocket，那么就做不到关闭 WebSocket 的目的。
//必须在 WebSocket 打开期间调用 wx.closeSocket 才能关闭。
wx.onSocketOpen(function() {
  wx.closeSocket()
})

wx.onSocketClose(function(res) {
  console.log('WebSocket 已关闭！')
})`,
};
