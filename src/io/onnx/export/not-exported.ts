/**
 * Layer classes with no ONNX form (yet), each with the reason a user is told. Every
 * registered layer class is either in the exporter table (layers.ts) or here; a test checks.
 * Adding a layer that does not export: one line below.
 */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  TextVectorization:
    'it works on JavaScript strings on the host (Neurite tensors hold no strings); export the model that takes its int32 output',
  StringLookup:
    'it works on JavaScript strings on the host (Neurite tensors hold no strings); export the model that takes its output',
  IntegerLookup:
    'its vocabulary is a hash table (ONNX has no general lookup op in the default domain); export the model after it',
  CategoryEncoding:
    'its one-hot/multi-hot/count encoding of ids is not written as ONNX ops yet; export the model after it',
  Normalization:
    'its Sub/Div export is not written yet; fold it into the model after it or export without it',
  Embedding:
    'its ONNX form (a Gather on the table) is not written yet; export the model after the embedding',
  Masking: 'masks are not carried in ONNX graphs; export the model after it',
  SimpleRNN: 'recurrent layers are not written as ONNX RNN ops yet (masks, goBackwards, states)',
  LSTM: 'recurrent layers are not written as ONNX LSTM ops yet (gate order i,o,f,c, masks, goBackwards)',
  GRU: 'recurrent layers are not written as ONNX GRU ops yet (gate order, resetAfter as linear_before_reset)',
  Bidirectional: 'recurrent layers are not written as ONNX ops yet',
  TimeDistributed: 'its wrapped layer would need a reshape around it in ONNX, not written yet',
};
