Page({
  data: {
    families: [
      { name: '数据 Storage', apis: 'setStorage, getStorage, getStorageInfo…', path: '../storage/storage' },
      { name: '设备 Device', apis: 'getSystemInfo, getNetworkType', path: '../device/device' },
      { name: '网络 Network', apis: 'request, uploadFile, connectSocket…', path: '../network/network' }
    ]
  }
})
