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
};
