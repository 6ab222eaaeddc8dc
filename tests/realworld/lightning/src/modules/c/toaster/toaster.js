// Success toasts the way Lightning Experience shows them (lightning/toast, with a record link).
import Toast from 'lightning/toast';
import { recordUrl } from 'c/router';

export function recordToast(source, object, verb, record) {
    const label = object === 'Case' ? record.number : record.name;
    const links = verb === 'deleted' ? {} : { labelLinks: [{ url: recordUrl(object, record.id), label }] };
    Toast.show(
        {
            label: verb === 'deleted' ? `${object} "${label}" was ${verb}.` : `${object} "{0}" was ${verb}.`,
            variant: 'success',
            mode: 'dismissible',
            ...links,
        },
        source,
    );
}
