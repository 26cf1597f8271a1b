/**
 * The sequence layers' `nn.layers` factories: embedding and masking, the recurrent layers,
 * the wrappers that run a layer over time or both ways, and attention. Each layer's class
 * is re-exported here and registered once in `LAYERS`; that registration is also its
 * factory, its saved-model class name and its config round trip.
 */
import { LAYERS } from '../registry.js';
import { Bidirectional } from '../bidirectional.js';
import { Embedding } from '../embedding.js';
import { GRU } from '../gru.js';
import { LSTM } from '../lstm.js';
import { Masking } from '../masking.js';
import { MultiHeadAttention } from '../multi-head-attention.js';
import { SimpleRNN } from '../simple-rnn.js';
import { TimeDistributed } from '../time-distributed.js';

export { Bidirectional, type BidirectionalArgs, type MergeMode } from '../bidirectional.js';
export { Embedding, type EmbeddingArgs } from '../embedding.js';
export { GRU, type GRUArgs } from '../gru.js';
export { LSTM, type LSTMArgs } from '../lstm.js';
export { Masking, type MaskingArgs } from '../masking.js';
export {
  MultiHeadAttention,
  type MultiHeadAttentionArgs,
  type MultiHeadAttentionCallOptions,
} from '../multi-head-attention.js';
export { Recurrent, type RecurrentArgs } from '../recurrent.js';
export { SimpleRNN, type SimpleRNNArgs } from '../simple-rnn.js';
export { TimeDistributed, type TimeDistributedArgs } from '../time-distributed.js';

/**
 * Maps integer ids `[0, inputDim)` to trainable vectors of `outputDim` (Keras `Embedding`):
 * `[batch, time]` → `[batch, time, outputDim]`; `maskZero` (default false) treats id 0 as padding.
 *
 * @throws ValueError for an id out of range.
 * @example
 * const emb = nn.layers.embedding({ inputDim: 100, outputDim: 8 });
 * emb.apply(nn.tensor([[1, 5, 9]], undefined, 'int32')); // shape [1, 3, 8]
 */
export const embedding = LAYERS.registerClass(Embedding, {
  className: 'Embedding',
  extraKeys: ['inputLength'],
});
/**
 * Marks the time steps whose features all equal `maskValue` (default 0) as padding, for the
 * recurrent layers after it (Keras `Masking`).
 *
 * @example
 * const x = nn.input({ shape: [10, 3] });
 * const h = nn.layers.lstm({ units: 4 }).apply(nn.layers.masking().apply(x));
 */
export const masking = LAYERS.registerClass(Masking, {
  className: 'Masking',
  positional: 'maskValue',
});

// Recurrent layers (and the options their configs may carry that getConfig does not echo).
const RNN_KEYS = ['implementation', 'timeMajor'];
/**
 * A fully connected recurrent layer, `h = activation(x·W + h·U + b)` (Keras `SimpleRNN`):
 * `[batch, time, features]` → `[batch, units]` (or every step with `returnSequences`).
 * Defaults (Keras's): `activation` `'tanh'`, `recurrentInitializer` `'orthogonal'`.
 *
 * @example
 * nn.layers.simpleRNN({ units: 8 }).apply(nn.zeros([2, 5, 3])); // shape [2, 8]
 */
export const simpleRNN = LAYERS.registerClass(SimpleRNN, {
  className: 'SimpleRNN',
  id: 'simpleRNN',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
/**
 * Long short-term memory (Keras `LSTM`): `[batch, time, features]` → `[batch, units]` (or
 * `[batch, time, units]` with `returnSequences`). Defaults (Keras's): `activation` `'tanh'`,
 * `recurrentActivation` `'sigmoid'`, `unitForgetBias` true.
 *
 * @example
 * nn.layers.lstm({ units: 16, returnSequences: true }).apply(nn.zeros([2, 5, 3])); // [2, 5, 16]
 */
export const lstm = LAYERS.registerClass(LSTM, {
  className: 'LSTM',
  id: 'lstm',
  positional: 'units',
  extraKeys: RNN_KEYS,
});
/**
 * Gated recurrent unit (Keras `GRU`, `resetAfter` true by default as Keras 3):
 * `[batch, time, features]` → `[batch, units]`.
 *
 * @example
 * nn.layers.gru({ units: 8 }).apply(nn.zeros([2, 5, 3])); // shape [2, 8]
 */
export const gru = LAYERS.registerClass(GRU, {
  className: 'GRU',
  id: 'gru',
  positional: 'units',
  extraKeys: RNN_KEYS,
});

// Wrappers (their sublayer given as {className, config} is rebuilt through the registry).
/**
 * Runs a recurrent layer forwards and backwards and merges the outputs (Keras `Bidirectional`;
 * `mergeMode` default `'concat'`).
 *
 * @example
 * const bi = nn.layers.bidirectional({ layer: nn.layers.lstm({ units: 8 }) });
 * bi.apply(nn.zeros([2, 5, 3])); // shape [2, 16]
 */
export const bidirectional = LAYERS.registerClass(Bidirectional, {
  className: 'Bidirectional',
  positional: 'layer',
});
/**
 * Applies a layer to every time step of `[batch, time, …]` (Keras `TimeDistributed`).
 *
 * @example
 * const td = nn.layers.timeDistributed({ layer: nn.layers.dense({ units: 4 }) });
 * td.apply(nn.zeros([2, 5, 3])); // shape [2, 5, 4]
 */
export const timeDistributed = LAYERS.registerClass(TimeDistributed, {
  className: 'TimeDistributed',
  positional: 'layer',
});

// Attention.
/**
 * Multi-head scaled dot-product attention (Keras `MultiHeadAttention`): call it with
 * `[query, value]` or `[query, value, key]`, each `[batch, seq, features]`; options
 * `attentionMask`, `useCausalMask`, `returnAttentionScores`.
 *
 * @throws ValueError when called with one tensor, or for bad `numHeads`/`keyDim`.
 * @example
 * const mha = nn.layers.multiHeadAttention({ numHeads: 2, keyDim: 4 });
 * const x = nn.randomNormal([1, 5, 8]);
 * mha.apply([x, x]); // self-attention, shape [1, 5, 8]
 */
export const multiHeadAttention = LAYERS.registerClass(MultiHeadAttention, {
  className: 'MultiHeadAttention',
});
