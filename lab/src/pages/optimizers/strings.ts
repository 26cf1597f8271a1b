/** The Optimizers page's strings, in English and Traditional Chinese (the same keys). */
import type { Lang, Strings } from '../../shell/page.js';

const en: Strings = {
  intro:
    'Each optimizer is a real one from nn.optimizers, minimizing z = f(x, y) over two nn.variables with gradients from autograd. Click the surface (or use the arrow keys on it) to choose where they start.',
  surface: 'Surface',
  'surface.bowl': 'Bowl (elongated)',
  'surface.saddle': 'Saddle',
  'surface.twoMinima': 'Two minima',
  'surface.rosenbrock': 'Rosenbrock',
  'surface.beale': 'Beale',
  'surface.himmelblau': 'Himmelblau',
  'lesson.bowl':
    'An elongated bowl: steep across, gentle along. Too large a step makes SGD zig-zag across it; momentum and the adaptive methods scale their steps per direction.',
  'lesson.saddle':
    'A saddle: the start sits almost on the ridge (y = 0.001), where the gradient along y is tiny. SGD’s step is proportional to that gradient, so it slides to the saddle point and stays near it; Adam divides by the gradient’s own running size, so its step along y is full-sized and it escapes downhill.',
  'lesson.twoMinima':
    'Two minima: plain SGD settles in the nearer, higher one; momentum carries through to the global minimum.',
  'lesson.rosenbrock':
    'Rosenbrock’s curved valley: easy to reach, slow to follow to the minimum at (1, 1).',
  'lesson.beale': 'Beale: flat plateaus and steep walls; the minimum is at (3, 0.5).',
  'lesson.himmelblau':
    'Himmelblau: four minima of equal height. Starting near the peak, the optimizers do not all choose the same valley.',
  start: 'Start point',
  startX: 'Start x',
  startY: 'Start y',
  steps: 'Steps',
  speed: 'Speed',
  'speed.slow': 'Slow (5 steps/s)',
  'speed.normal': 'Normal (20 steps/s)',
  'speed.fast': 'Fast (60 steps/s)',
  'speed.max': 'As fast as possible',
  play: 'Play',
  pause: 'Pause',
  step: 'Step',
  reset: 'Reset',
  stepCount: 'Step {n} of {total}',
  optimizers: 'Optimizers',
  race: 'Race {name}',
  learningRate: 'Learning rate',
  lrOf: 'Learning rate of {name}',
  extraOf: '{symbol} of {name}',
  loss: 'Loss',
  diverged: 'diverged',
  lossChart: 'Loss against step',
  lossAxis: 'loss',
  stepAxis: 'step',
  canvas:
    'The surface {formula} with the optimizers’ paths. Click to set the start point; arrow keys move it.',
  min: 'minimum',
  localMin: 'local minimum',
  saddle: 'saddle point',
  startMark: 'start',
  invalid: 'Not a valid value; kept {value}.',
  none: 'Switch at least one optimizer on.',
  position: 'at ({x}, {y})',
};

const zhTW: Strings = {
  intro:
    '每個優化器都是 nn.optimizers 裡真正的優化器：在兩個 nn.variable 上最小化 z = f(x, y)，梯度由自動微分算出。點一下曲面（或在曲面上用方向鍵）選擇起點。',
  surface: '曲面',
  'surface.bowl': '碗形（狹長）',
  'surface.saddle': '鞍點',
  'surface.twoMinima': '兩個極小值',
  'surface.rosenbrock': 'Rosenbrock 函數',
  'surface.beale': 'Beale 函數',
  'surface.himmelblau': 'Himmelblau 函數',
  'lesson.bowl':
    '狹長的碗：橫向陡、縱向緩。步長太大時 SGD 會在窄的方向來回震盪；動量和自適應方法會依方向調整步長。',
  'lesson.saddle':
    '鞍點：起點幾乎就在山脊上（y = 0.001），那裡沿 y 方向的梯度非常小。SGD 的步長與梯度成正比，所以它滑到鞍點附近就停住了；Adam 會除以梯度本身的移動平均大小，沿 y 方向照樣邁出完整的一步，因此能逃離鞍點往下走。',
  'lesson.twoMinima':
    '兩個極小值：單純的 SGD 停在較近、較高的那個；動量則能衝過去，到達全域極小值。',
  'lesson.rosenbrock':
    'Rosenbrock 的彎曲山谷：很快就能進入谷底，但沿著山谷走到 (1, 1) 的極小值很慢。',
  'lesson.beale': 'Beale：平坦的高原加上陡峭的山壁；極小值在 (3, 0.5)。',
  'lesson.himmelblau':
    'Himmelblau：四個一樣低的極小值。從山頂附近出發，各個優化器不一定走進同一個山谷。',
  start: '起點',
  startX: '起點 x',
  startY: '起點 y',
  steps: '步數',
  speed: '速度',
  'speed.slow': '慢（每秒 5 步）',
  'speed.normal': '一般（每秒 20 步）',
  'speed.fast': '快（每秒 60 步）',
  'speed.max': '越快越好',
  play: '播放',
  pause: '暫停',
  step: '走一步',
  reset: '重設',
  stepCount: '第 {n} 步，共 {total} 步',
  optimizers: '優化器',
  race: '讓 {name} 參賽',
  learningRate: '學習率',
  lrOf: '{name} 的學習率',
  extraOf: '{name} 的 {symbol}',
  loss: '損失',
  diverged: '發散',
  lossChart: '損失與步數',
  lossAxis: '損失',
  stepAxis: '步數',
  canvas: '曲面 {formula} 與各優化器的路徑。點一下設定起點；方向鍵可移動起點。',
  min: '極小值',
  localMin: '局部極小值',
  saddle: '鞍點',
  startMark: '起點',
  invalid: '不是有效的數值；維持 {value}。',
  none: '請至少開啟一個優化器。',
  position: '位於 ({x}, {y})',
};

/** The page's strings, by language. */
export const STRINGS: Record<Lang, Strings> = { en, 'zh-TW': zhTW };
