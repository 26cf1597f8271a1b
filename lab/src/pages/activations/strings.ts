/** The activations page's strings, in English and Traditional Chinese. */
import type { Lang, Strings } from '../../shell/page.js';

export const STRINGS: Record<Lang, Strings> = {
  en: {
    intro:
      "An activation function bends a neuron's weighted sum. Training needs its derivative too: backpropagation multiplies by f′(x) at every layer. Pick activations to compare them; the derivative is computed by Neurite's autograd (nn.grad), not from a formula.",
    pick: 'Activations',
    min: 'x from',
    max: 'to',
    probe: 'Read the values at x =',
    fTitle: 'f(x)',
    dTitle: 'f′(x), from autograd',
    xAxis: 'x',
    table: 'Values at x = {x}',
    colName: 'activation',
    colF: 'f(x)',
    colD: 'f′(x) autograd',
    colFd: 'f′(x) numerical',
    fdNote:
      'The last column is the central difference (f(x+h) − f(x−h)) / 2h with h = 0.001: an independent check of autograd. Where f has a kink or a jump (relu at 0, step at 0) the two can differ.',
    vectorNote:
      '{names} act on a whole vector, not on one number: they are shown for the vector [x, 0] (its first output), which turns softmax into the sigmoid.',
    none: 'Pick at least one activation.',
    chartDesc: 'Curves of {names} for x from {min} to {max}',
  },
  'zh-TW': {
    intro:
      '激活函數把神經元的加權總和「彎折」成輸出。訓練時也需要它的導數：反向傳播在每一層都要乘上 f′(x)。勾選幾個激活函數來比較；導數由 Neurite 的自動微分（nn.grad）算出，而不是套用公式。',
    pick: '激活函數',
    min: 'x 從',
    max: '到',
    probe: '查看數值的位置 x =',
    fTitle: 'f(x)',
    dTitle: 'f′(x)，由自動微分算出',
    xAxis: 'x',
    table: 'x = {x} 時的數值',
    colName: '激活函數',
    colF: 'f(x)',
    colD: 'f′(x) 自動微分',
    colFd: 'f′(x) 數值微分',
    fdNote:
      '最後一欄是中央差分 (f(x+h) − f(x−h)) / 2h，h = 0.001，用來獨立驗證自動微分的結果。在 f 有折角或跳躍的地方（例如 relu 與 step 在 0），兩者可能不同。',
    vectorNote:
      '{names} 作用在整個向量上，而不是單一數值：這裡畫的是向量 [x, 0] 的第一個輸出，因此 softmax 會變成 sigmoid。',
    none: '請至少勾選一個激活函數。',
    chartDesc: '{names} 在 x 從 {min} 到 {max} 的曲線',
  },
};
