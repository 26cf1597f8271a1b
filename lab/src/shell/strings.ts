/** The shell's own strings (navigation, code panel, banners), in both languages. */
import type { Lang, Strings } from './page.js';

/** The shell's strings, per language (same keys in each). */
export const SHELL_STRINGS: Record<Lang, Strings> = {
  en: {
    labTitle: 'Neurite lab',
    tagline: "The chapter's experiments, live: the real library trains in your browser.",
    skip: 'Skip to content',
    nav: 'Pages',
    language: 'Language',
    menu: 'Pages',
    code: 'The Neurite code for this page',
    codeHint: 'This program does what the page does; paste it into a TypeScript file.',
    copy: 'Copy code',
    copied: 'Copied',
    copyFailed: 'Copy failed: select the code and copy it by hand.',
    noIsolation:
      'This host does not send the cross-origin isolation headers (COOP/COEP), so WebAssembly threads are unavailable. Everything still works, on one thread.',
    errorTitle: 'Something went wrong',
    dismiss: 'Dismiss',
    loading: 'Loading…',
    notFound: 'There is no page “{id}”: showing the first page.',
    footer: 'Neurite: deep learning for TypeScript.',
  },
  'zh-TW': {
    labTitle: 'Neurite 實驗室',
    tagline: '把本章的實驗搬進瀏覽器：真正的函式庫就在你的瀏覽器裡訓練。',
    skip: '跳到主要內容',
    nav: '頁面',
    language: '語言',
    menu: '頁面',
    code: '這一頁的 Neurite 程式碼',
    codeHint: '這段程式做的事和本頁相同；貼進 TypeScript 檔案就能執行。',
    copy: '複製程式碼',
    copied: '已複製',
    copyFailed: '無法複製：請選取程式碼後手動複製。',
    noIsolation:
      '這個網站沒有送出跨來源隔離標頭（COOP/COEP），因此無法使用 WebAssembly 多執行緒。所有功能仍可正常使用，只是改以單一執行緒執行。',
    errorTitle: '發生錯誤',
    dismiss: '關閉',
    loading: '載入中…',
    notFound: '找不到頁面「{id}」，改為顯示第一頁。',
    footer: 'Neurite：TypeScript 的深度學習函式庫。',
  },
};
