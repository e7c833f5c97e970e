/**
 * Runs before every test file: loads the module list, which adds every module's strings to the catalogs, so a
 * test that renders or translates without building the app sees the same texts as the product.
 */
import '../modules/index.js';
