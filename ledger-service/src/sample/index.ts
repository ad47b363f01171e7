/** The sample data set: fictional enterprises and provider files of every category. */
export {
  DEFAULT_ENTERPRISE_COUNT,
  generateSampleData,
  type SampleData,
  type SampleEnterprise,
  type SampleFile,
} from "./sample-data";
export { DEV_ENTERPRISE_COUNT } from "./enterprises";
export { SeededRandom } from "./prng";
export { encodeGb18030 } from "./gb18030-encoder";
