/** Worker thread: loads the division index once, then processes files sent by the pool. */
import { parentPort } from 'node:worker_threads';
import { loadDivisions } from '../gazetteer/divisions.ts';
import { processFile, type FileTask } from './process-file.ts';

const divisions = await loadDivisions();
parentPort!.on('message', (task: FileTask) => {
  parentPort!.postMessage(processFile(task, divisions));
});
parentPort!.postMessage({ ready: true });
