/**
 * The models saved in this browser by `indexeddb://` (neurite/tfjs's `io.browserIndexedDB`,
 * which uses TF.js's database, so TF.js's models show here too): listing and deleting,
 * which the handler itself does not do (TF.js's `io.listModels` / `io.removeModel`).
 */

/** TF.js's database and stores (src/tfjs/io-browser.ts writes the same). */
const DATABASE = 'tensorflowjs';
const VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

/** One saved model, as its info record says. */
export interface SavedModelInfo {
  name: string;
  dateSaved: Date | null;
  /** Bytes of topology plus weights, when recorded. */
  bytes: number | null;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DATABASE, VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains(MODELS))
      db.createObjectStore(MODELS, { keyPath: 'modelPath' });
    if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO, { keyPath: 'modelPath' });
  };
  return request(req);
}

interface InfoRecord {
  modelPath?: unknown;
  modelArtifactsInfo?: {
    dateSaved?: unknown;
    modelTopologyBytes?: unknown;
    weightDataBytes?: unknown;
  };
}

function toInfo(r: InfoRecord): SavedModelInfo | null {
  if (typeof r.modelPath !== 'string') return null;
  const i = r.modelArtifactsInfo ?? {};
  const date =
    i.dateSaved instanceof Date
      ? i.dateSaved
      : typeof i.dateSaved === 'string'
        ? new Date(i.dateSaved)
        : null;
  const sizes = [i.modelTopologyBytes, i.weightDataBytes].filter(
    (n): n is number => typeof n === 'number',
  );
  return {
    name: r.modelPath,
    dateSaved: date && !Number.isNaN(date.getTime()) ? date : null,
    bytes: sizes.length ? sizes.reduce((a, b) => a + b, 0) : null,
  };
}

/** The saved models, by name. */
export async function listSaved(): Promise<SavedModelInfo[]> {
  const db = await open();
  try {
    const rows = (await request(
      db.transaction(INFO, 'readonly').objectStore(INFO).getAll(),
    )) as InfoRecord[];
    return rows
      .map(toInfo)
      .filter((r): r is SavedModelInfo => r !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    db.close();
  }
}

/** Deletes the model saved as `name` (both its info and its data). */
export async function deleteSaved(name: string): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction([INFO, MODELS], 'readwrite');
    tx.objectStore(INFO).delete(name);
    tx.objectStore(MODELS).delete(name);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB delete failed'));
    });
  } finally {
    db.close();
  }
}
