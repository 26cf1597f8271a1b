/** The neuron page's strings, in English and Traditional Chinese. */
import type { Lang, Strings } from '../../shell/page.js';

export const STRINGS: Record<Lang, Strings> = {
  en: {
    intro:
      "A neuron computes a weighted sum z = w₁x₁ + w₂x₂ + b and fires (class 1) when z ≥ 0: its decision boundary is the line z = 0. Rosenblatt's perceptron rule nudges the line after every point it gets wrong: w ← w + η(y − ŷ)x, b ← b + η(y − ŷ).",
    data: 'Data',
    and: 'AND',
    or: 'OR',
    xor: 'XOR',
    clear: 'Clear',
    classLegend: 'Clicking places',
    class0: 'class 0 (orange)',
    class1: 'class 1 (blue)',
    boardLabel:
      'Points of two classes on a plane. Click or tap to add a point, drag a point to move it, Shift-click to remove it. With the keyboard: arrow keys move the cursor, Enter adds a point, Delete removes the nearest.',
    boardHelp:
      'Click or tap to add a point of the chosen class, drag to move one, Shift-click to remove one. Keyboard: focus the plane, then arrows, Enter, Delete.',
    perceptron: 'Perceptron',
    step: 'Step (one epoch)',
    train: 'Train',
    stop: 'Stop',
    reset: 'Reset weights',
    start: 'w = (0, 0), b = 0: no line yet. Press “Step” to apply the rule once to every point.',
    epoch:
      'Epoch {epoch}: {errors} of {n} points misclassified (and corrected). w = ({w1}, {w2}), b = {b}.',
    converged: 'Converged after {epoch} epochs: every point is on its side of the line.',
    failed:
      'After {epoch} epochs the perceptron still gets {errors} of {n} points wrong each epoch. These classes are not linearly separable: no line puts them on two sides, so the rule never settles. Add a hidden layer.',
    needBoth: 'Place points of both classes first.',
    errorsChart: 'Misclassified points per epoch',
    errorsAxis: 'misclassified',
    epochAxis: 'epoch',
    hidden: 'Hidden layer',
    hiddenIntro:
      'One hidden layer of tanh neurons, then a sigmoid output neuron, trained with Adam on binary cross-entropy. Each hidden neuron draws its own line; the output combines them, so the boundary can bend around XOR.',
    units: 'Hidden neurons',
    addHidden: 'Add a hidden layer and train',
    mlpEpoch: 'Epoch {epoch}: loss {loss}, {correct} of {n} points right.',
    mlpSolved:
      'Solved: {correct} of {n} points right after {epoch} epochs (loss {loss}). The boundary is no longer a line.',
    mlpNotYet:
      'After {epoch} epochs {correct} of {n} points are right (loss {loss}): try more hidden neurons, or train again.',
    backToLine: 'Back to the perceptron',
    legend0: 'class 0',
    legend1: 'class 1',
  },
  'zh-TW': {
    intro:
      '一個神經元先算加權總和 z = w₁x₁ + w₂x₂ + b，當 z ≥ 0 時輸出 1（類別 1）：它的決策邊界就是 z = 0 這條直線。Rosenblatt 的感知器學習規則在每次分錯一個點之後，就把這條線推一下：w ← w + η(y − ŷ)x，b ← b + η(y − ŷ)。',
    data: '資料',
    and: 'AND',
    or: 'OR',
    xor: 'XOR',
    clear: '清除',
    classLegend: '點擊時放置',
    class0: '類別 0（橘色）',
    class1: '類別 1（藍色）',
    boardLabel:
      '平面上兩個類別的資料點。點擊或輕觸可新增一個點，拖曳可移動，按住 Shift 點擊可刪除。使用鍵盤時：方向鍵移動游標，Enter 新增一個點，Delete 刪除最近的點。',
    boardHelp:
      '點擊或輕觸新增所選類別的點，拖曳可移動，按住 Shift 點擊可刪除。鍵盤操作：先讓平面取得焦點，再用方向鍵、Enter、Delete。',
    perceptron: '感知器',
    step: '單步（一個 epoch）',
    train: '開始訓練',
    stop: '停止',
    reset: '重設權重',
    start: 'w = (0, 0)，b = 0：還沒有直線。按「單步」讓規則對每個點各套用一次。',
    epoch:
      '第 {epoch} 個 epoch：{n} 個點中有 {errors} 個分錯（並已修正）。w = ({w1}, {w2})，b = {b}。',
    converged: '經過 {epoch} 個 epoch 後收斂：每個點都落在直線正確的一側。',
    failed:
      '經過 {epoch} 個 epoch，感知器每一輪仍會分錯 {n} 個點中的 {errors} 個。這兩個類別不是線性可分的：沒有任何一條直線能把它們分在兩側，所以規則永遠不會停下來。試試加入一個隱藏層。',
    needBoth: '請先放置兩個類別的點。',
    errorsChart: '每個 epoch 分錯的點數',
    errorsAxis: '分錯的點數',
    epochAxis: 'epoch',
    hidden: '隱藏層',
    hiddenIntro:
      '一層使用 tanh 的隱藏神經元，後面接一個 sigmoid 輸出神經元，以 Adam 最佳化二元交叉熵來訓練。每個隱藏神經元各畫出一條直線，輸出神經元再把它們組合起來，邊界因此可以彎曲，繞過 XOR 的難題。',
    units: '隱藏神經元數',
    addHidden: '加入隱藏層並訓練',
    mlpEpoch: '第 {epoch} 個 epoch：損失 {loss}，{n} 個點中答對 {correct} 個。',
    mlpSolved:
      '解決了：經過 {epoch} 個 epoch，{n} 個點答對 {correct} 個（損失 {loss}）。邊界不再是一條直線。',
    mlpNotYet:
      '經過 {epoch} 個 epoch，{n} 個點中答對 {correct} 個（損失 {loss}）：試著增加隱藏神經元，或再訓練一次。',
    backToLine: '回到感知器',
    legend0: '類別 0',
    legend1: '類別 1',
  },
};
