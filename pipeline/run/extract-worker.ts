/** Worker thread: opens the run's division index (shared memory), then processes files sent by the pool. */
import { parentPort, workerData } from 'node:worker_threads';
import { Divisions, loadDivisions, type DivisionData } from '../gazetteer/divisions.ts';
import { processFile, type FileTask } from './process-file.ts';

const data = (workerData as { divisions?: DivisionData } | null)?.divisions;
const divisions = data ? new Divisions(data) : await loadDivisions();
parentPort!.on('message', (task: FileTask) => {
  parentPort!.postMessage(processFile(task, divisions));
});
parentPort!.postMessage({ ready: true });
