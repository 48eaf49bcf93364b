// Loaded only by `npm run dev` while an author previews a scenario. Importing every scenario file puts
// them in this page's module graph, so saving one reaches this module, which reloads the page: the worker
// then reads the saved file and the session reopens the scenario from its save.
import.meta.glob('../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true });

if (import.meta.hot) import.meta.hot.accept(() => window.location.reload());

/** Whether saving a scenario file reloads the page (true while the dev server answers). */
export const RELOADS_ON_SAVE = import.meta.hot !== undefined;
