// The widget's classes and helpers, free of side effects: importing this registers nothing.
// `widget/register.ts` defines the custom elements.
export { PayAmount } from './components/pay-amount/pay-amount.ts';
export { formatMinorUnits } from './money/format.ts';
