export {
  HANOI_PROVINCE_CODE,
  HANOI_PROVINCE_NAME,
  HANOI_WARDS,
  OTHER_PROVINCES,
  hanoiAddress,
} from './hanoi';
export type { SyntheticAddress, Ward } from './hanoi';
export { prngFrom, seedOf } from './prng';
export type { Prng } from './prng';
export { foldName, personName } from './vietnamese-names';
export type { PersonName, SyntheticGender } from './vietnamese-names';
