import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { followTheLog } from './live'

createApp(App).use(router).mount('#app')
followTheLog()
