import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Language, type Messages, messages } from './i18n';

export interface Ui {
  language: Language;
  t: Messages;
}

export const UiContext = createContext<Ui>({ language: 'id', t: messages('id') });
export const useUi = () => useContext(UiContext);
